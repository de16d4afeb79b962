import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { AdminAccountsService } from '../../src/admin/admin-accounts.service';

export interface TestAdmin {
  email: string;
  password: string;
}

/** A new admin account with a unique email. */
export async function createAdmin(app: INestApplication): Promise<TestAdmin> {
  const admin = { email: `admin-${randomBytes(6).toString('hex')}@example.com`, password: `pw-${randomBytes(12).toString('hex')}` };
  await app.get(AdminAccountsService).create(admin.email, admin.password);
  return admin;
}

/** Signs in through the API and returns the `Cookie` header value to send back. */
export async function signIn(app: INestApplication, admin: TestAdmin): Promise<string> {
  const response = await request(app.getHttpServer()).post('/admin/session').send(admin).expect(200);
  const setCookie = response.headers['set-cookie'] as unknown as string[];
  return setCookie.map((cookie) => cookie.split(';')[0]).join('; ');
}

/** A fresh admin, signed in: the cookie for `/admin` requests. */
export async function adminCookie(app: INestApplication): Promise<string> {
  return signIn(app, await createAdmin(app));
}
