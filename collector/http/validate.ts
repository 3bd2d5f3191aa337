import type { Context, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { badRequest } from '../errors.js';
import { readJson } from './body.js';
import { describeZodError } from './zod-details.js';

/** `value` checked against `schema`; a 400 naming every bad key (`invalid <what>`) otherwise. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw badRequest(`invalid ${what}`, describeZodError(result.error));
  return result.data;
}

/** The validated JSON body, as `c.var.body`, for the handler after `jsonBody(schema)`. */
export type JsonBodyEnv<S extends z.ZodType> = { Variables: { body: z.output<S> } };

/**
 * Zod validator middleware for JSON bodies: reads the body once (the caps are applied before it),
 * parses it, validates it and hands the result to the handler; every failure is the one 400 shape.
 */
export function jsonBody<S extends z.ZodType>(
  schema: S,
  what = 'body',
  options: { empty?: unknown } = {},
): MiddlewareHandler<JsonBodyEnv<S>> {
  return async (c, next) => {
    c.set('body', parseInput(schema, await readJson(c as Context, options), what));
    await next();
  };
}
