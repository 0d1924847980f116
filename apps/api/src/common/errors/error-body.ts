/** The one error shape of the API (API.md, "Errors"). */
export interface ErrorBody {
  statusCode: number;
  /** A stable code: those of API.md, or for other HTTP errors the status name (`METHOD_NOT_ALLOWED`, …). */
  error: string;
  message: string;
  details?: unknown;
}
