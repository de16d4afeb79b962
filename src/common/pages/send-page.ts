import type { Response } from 'express';
import type { SafeHtml } from './html';

export function sendPage(response: Response, page: SafeHtml, status = 200): void {
  response.status(status).type('html').send(page.value);
}
