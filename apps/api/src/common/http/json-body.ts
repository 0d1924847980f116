/**
 * The JSON body parser: Fastify's own (which refuses `__proto__` / `constructor.prototype` keys), except that an
 * empty body is `{}` (clients send actions such as `submit` with a JSON content type and no body) and a body that is
 * not JSON is a 400 VALIDATION_FAILED naming the field `body`. Bodies above the limit are 413 (Fastify's bodyLimit).
 */
import type { FastifyBodyParser, FastifyInstance } from 'fastify';
import { DomainError } from '@shenbao/domain';

export const NOT_JSON = 'The request body is not valid JSON.';

export function jsonBodyParser(instance: FastifyInstance): FastifyBodyParser<Buffer> {
  const parse = instance.getDefaultJsonParser('error', 'error');
  return (req, body, done) => {
    if (body.length === 0) return done(null, {});
    parse(req, body.toString('utf8'), (error, value) => {
      if (error) {
        const poisoned = /prototype/i.test(error.message);
        return done(DomainError.validation([{ field: 'body', messages: [poisoned ? `${NOT_JSON.slice(0, -1)}: ${error.message}.` : NOT_JSON] }]), undefined);
      }
      done(null, value);
    });
  };
}
