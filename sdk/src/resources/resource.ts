import type { RequestFn } from '../core/request.js';

/** Base of every resource class: they all go through the client's one request function. */
export abstract class Resource {
  constructor(protected readonly request: RequestFn) {}
}

/** An id as one path segment: an id with `/` or `?` in it cannot reach another route. */
export const segment = (id: string): string => encodeURIComponent(id);
