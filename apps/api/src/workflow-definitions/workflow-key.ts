import { DomainError } from '@shenbao/domain';

const KEY = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Path parameters `:key` and `:version`, checked (400 naming the parameter) before anything is loaded. */
export function workflowKeyParam(key: string): string {
  if (!KEY.test(key)) throw DomainError.validation([{ field: 'key', messages: ['must be 1–64 characters of a-z, 0-9 and -'] }]);
  return key;
}

export function versionParam(version: string): number {
  if (!/^[1-9]\d{0,8}$/.test(version)) throw DomainError.validation([{ field: 'version', messages: ['must be a positive integer'] }]);
  return Number(version);
}
