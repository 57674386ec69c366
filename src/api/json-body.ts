import type { RequestHandler } from 'express';
import { ProblemError } from './errors';

/**
 * Every /api request body is a JSON object: a body of another type is 415
 * (naming the type expected), and JSON that is not an object (`null`, `3`,
 * an array) is 400 saying so. Requests without a body pass: actions without
 * fields need none.
 */
export const jsonObjectBody: RequestHandler = (req, _res, next) => {
  // An empty body (Content-Length: 0) is no body, whatever its type.
  const hasBody = req.get('transfer-encoding') !== undefined || Number(req.get('content-length')) > 0;
  if (hasBody && !req.is('application/json')) {
    throw new ProblemError(
      415,
      'unsupported-media-type',
      'Unsupported media type',
      'Send the body as application/json, with that Content-Type.',
    );
  }
  const body: unknown = req.body;
  if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
    throw new ProblemError(400, 'invalid-request', 'Invalid request', 'The request body must be a JSON object.', [
      { pointer: '/', message: 'must be a JSON object' },
    ]);
  }
  next();
};
