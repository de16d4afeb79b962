import type { Response } from 'supertest';

export const REQUEST_ID = /^req_[0-9a-z]{26}$/;

/** Asserts the §5 error envelope: status, type, code, `param` (or its absence) and the request id in body and header. */
export function expectEnvelope(response: Response, status: number, type: string, code: string, param?: string): void {
  expect(response.status).toBe(status);
  expect(response.headers['request-id']).toMatch(REQUEST_ID);
  expect(response.body).toEqual({
    error: expect.objectContaining({ type, code, message: expect.any(String), requestId: response.headers['request-id'] }),
  });
  if (param !== undefined) expect(response.body.error.param).toBe(param);
  else expect(response.body.error).not.toHaveProperty('param');
}
