/**
 * The console's only way to the API. The access token lives in this module's memory and nowhere else (never
 * localStorage): a reload signs the user out. A 401 on any call but sign-in ends the session through `onExpired`.
 */
import type { components } from './schema';

export type Schemas = components['schemas'];
export type LoginResponse = Schemas['LoginResponse'];
export type SignedInUser = Schemas['LoginUserView'];
export type CityAuditBody = Schemas['CityAuditDto'];

/** The project's error body: {statusCode, error, message, details?}. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
  ) {
    super(body?.message ?? `HTTP ${status}`);
  }
  get code(): string | undefined {
    return this.body?.error;
  }
}

let token: string | null = null;
let onExpired: () => void = () => undefined;

export const setToken = (value: string | null): void => {
  token = value;
};
export const setOnExpired = (handler: () => void): void => {
  onExpired = handler;
};

/** The session's Authorization header (none when signed out). */
export const authHeaders = (): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {});

/** A 401 with a session ends the session (`onExpired`). */
export const expireOn401 = (status: number): void => {
  if (status === 401 && token) onExpired();
};

export interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  body?: unknown;
  headers?: Record<string, string>;
}

/** Calls `/api/v1${path}` with the session's token; throws ApiError on any non-2xx answer. */
export async function call<T>(path: string, { method = 'GET', body, headers = {} }: CallOptions = {}): Promise<T> {
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...authHeaders(),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return answerOf<T>(res);
}

/** A JSON answer's body; ApiError on any non-2xx answer (a 401 ends the session). */
export async function answerOf<T>(res: Response): Promise<T> {
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined; // a proxy's HTML error page, say: the status still tells
  }
  if (!res.ok) {
    expireOn401(res.status);
    throw new ApiError(res.status, (parsed as ErrorBody | undefined) ?? null);
  }
  return parsed as T;
}

/** "field: message" for each field the API named, else its message. */
export function describeApiError(e: ApiError): string {
  const details = Array.isArray(e.body?.details) ? (e.body.details as { field?: string; messages?: string[]; message?: string }[]) : [];
  const named = details.filter((d) => d.field).map((d) => `${d.field}: ${(d.messages ?? [d.message ?? '']).join('; ')}`);
  return named.length > 0 ? named.join('\n') : e.message;
}

export const login = (username: string, password: string): Promise<LoginResponse> =>
  call<LoginResponse>('/auth/login', { method: 'POST', body: { username, password } satisfies Schemas['LoginDto'] });
