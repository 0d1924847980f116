/**
 * The JSON body parser: Fastify's own (which refuses `__proto__` / `constructor.prototype` keys), except that an
 * empty body is `{}` (clients send actions such as `submit` with a JSON content type and no body) and a body that is
 * not JSON is a 400 VALIDATION_FAILED naming the field `body`. Bodies above the limit are 413 (Fastify's bodyLimit).
 * A body nested deeper than JSON_MAX_DEPTH, or with a list or object of more than JSON_MAX_MEMBERS entries, is a 400
 * too (json-limits.ts says why); parsing runs before the auth guard, so refusing it costs no one a sign-in.
 */
import type { FastifyBodyParser, FastifyInstance } from 'fastify';
import { DomainError } from '@shenbao/domain';
import { findOversized, JSON_MAX_DEPTH, JSON_MAX_MEMBERS, nestsDeeperThan } from './json-limits';

export const NOT_JSON = 'The request body is not valid JSON.';

export function jsonBodyParser(instance: FastifyInstance): FastifyBodyParser<Buffer> {
  const parse = instance.getDefaultJsonParser('error', 'error');
  return (req, body, done) => {
    if (body.length === 0) return done(null, {});
    const text = body.toString('utf8');
    if (nestsDeeperThan(text, JSON_MAX_DEPTH)) {
      return done(DomainError.validation([{ field: 'body', messages: [`must not be nested deeper than ${JSON_MAX_DEPTH} levels`] }]), undefined);
    }
    parse(req, text, (error, value) => {
      if (error) {
        const poisoned = /prototype/i.test(error.message);
        return done(DomainError.validation([{ field: 'body', messages: [poisoned ? `${NOT_JSON.slice(0, -1)}: ${error.message}.` : NOT_JSON] }]), undefined);
      }
      const oversized = findOversized(value, JSON_MAX_MEMBERS);
      if (oversized) {
        const messages = [`must have at most ${JSON_MAX_MEMBERS} items or members (has ${oversized.size})`];
        return done(DomainError.validation([{ field: oversized.field, messages }]), undefined);
      }
      done(null, value);
    });
  };
}
