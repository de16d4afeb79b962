import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { Test } from 'supertest';

/** supertest calls on the public API, authenticated with one key. */
export function apiAs(app: INestApplication, key: { secret: string }) {
  const http = request(app.getHttpServer());
  const auth = (test: Test) => test.set('Authorization', `Bearer ${key.secret}`);
  return {
    get: (path: string) => auth(http.get(path)),
    post: (path: string, body?: object) => auth(http.post(path)).send(body ?? {}),
    patch: (path: string, body: object) => auth(http.patch(path)).send(body),
    delete: (path: string) => auth(http.delete(path)),
  };
}

export type ApiClient = ReturnType<typeof apiAs>;

/** Every id of a list, walked forwards with `startingAfter`, `limit` at a time. */
export async function walkForwards(api: ApiClient, path: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  for (let cursor: string | undefined; ; ) {
    const page = await api.get(`${path}?limit=${limit}${cursor ? `&startingAfter=${cursor}` : ''}`).expect(200);
    ids.push(...(page.body.data as { id: string }[]).map((object) => object.id));
    if (!page.body.hasMore) return ids;
    cursor = ids.at(-1);
  }
}

/** Every id of a list older than `from`, walked backwards from the oldest with `endingBefore`; newest first. */
export async function walkBackwards(api: ApiClient, path: string, limit: number, oldest: string): Promise<string[]> {
  const ids: string[] = [oldest];
  for (let cursor = oldest; ; ) {
    const page = await api.get(`${path}?limit=${limit}&endingBefore=${cursor}`).expect(200);
    const newer = (page.body.data as { id: string }[]).map((object) => object.id);
    ids.unshift(...newer);
    if (!page.body.hasMore || newer.length === 0) return ids;
    cursor = newer[0];
  }
}

/** The events about one object, newest first, found by walking the whole event list of the key's mode. */
export async function eventsAbout(api: ApiClient, objectId: string): Promise<{ type: string; data: { object: Record<string, unknown> } }[]> {
  const found: { type: string; data: { object: Record<string, unknown> } }[] = [];
  for (let cursor: string | undefined; ; ) {
    const page = await api.get(`/api/v1/events?limit=100${cursor ? `&startingAfter=${cursor}` : ''}`).expect(200);
    const events = page.body.data as { id: string; type: string; data: { object: Record<string, unknown> } }[];
    found.push(...events.filter((event) => event.data.object.id === objectId));
    if (!page.body.hasMore) return found;
    cursor = events.at(-1)!.id;
  }
}
