import { request as httpRequest } from 'node:http';
import type { LookupFunction } from 'node:net';
import { isIPv6 } from 'node:net';
import { request as httpsRequest } from 'node:https';
import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import type { Mode } from '../common/auth/scopes';
import { AppConfig } from '../config/app-config';
import { DestinationPolicy } from './destination-policy';
import { storableAnswer, storableText } from './storable-text';
import type { DeliveryAttempt } from './webhook-delivery.entity';

export const MAX_RESPONSE_BODY_BYTES = 1024;

export type SendOutcome = Omit<DeliveryAttempt, 'attempt' | 'at'>;

/** A lookup that answers with the address already checked, whatever the host. */
function pinnedLookup(address: string): LookupFunction {
  const family = isIPv6(address) ? 6 : 4;
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) =>
    options.all ? callback(null, [{ address, family }]) : callback(null, address, family)) as unknown as LookupFunction;
}

/**
 * POSTs one signed webhook. Where only public destinations are allowed (live
 * mode; test mode too if the operator says so) it connects only to the address
 * the destination policy checked; redirects are never followed (a 3xx is just a
 * failed attempt); the whole attempt is bounded by the timeout. Of the answer,
 * at most the first 1 KB is kept, as storable text, and only when it came from
 * a public address: a test endpoint on a private one gets its status and
 * timing recorded, never its body.
 */
@Injectable()
export class WebhookSender {
  constructor(
    private readonly destinations: DestinationPolicy,
    private readonly config: AppConfig,
  ) {}

  async send(mode: Mode, rawUrl: string, headers: Record<string, string>, body: string): Promise<SendOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const url = new URL(rawUrl);
      const address = await this.destinations.deliveryAddress(mode, url);
      const { status, text } = await this.post(url, address, headers, body);
      return { responseStatus: status, durationMs: elapsed(), responseBody: text, error: null };
    } catch (error) {
      return { responseStatus: null, durationMs: elapsed(), responseBody: null, error: storableText((error as Error).message) };
    }
  }

  private post(url: URL, address: string | undefined, headers: Record<string, string>, body: string): Promise<{ status: number; text: string | null }> {
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          ...(address ? { lookup: pinnedLookup(address) } : {}),
        },
        (res) => {
          const showable = this.destinations.isPublicAddress(res.socket?.remoteAddress);
          const chunks: Buffer[] = [];
          let kept = 0;
          res.on('data', (chunk: Buffer) => {
            if (showable && kept < MAX_RESPONSE_BODY_BYTES) chunks.push(chunk.subarray(0, MAX_RESPONSE_BODY_BYTES - kept));
            kept += chunk.length;
            if (kept >= MAX_RESPONSE_BODY_BYTES) res.destroy();
          });
          const finish = () =>
            resolve({
              status: res.statusCode ?? 0,
              text: showable ? storableAnswer(Buffer.concat(chunks), kept >= MAX_RESPONSE_BODY_BYTES) : null,
            });
          res.on('end', finish);
          res.on('close', finish);
          res.on('error', finish);
        },
      );
      const timer = setTimeout(() => req.destroy(new Error(`No answer within ${this.config.webhookDelivery.timeoutMs} ms`)), this.config.webhookDelivery.timeoutMs);
      req.on('close', () => clearTimeout(timer));
      req.on('error', reject);
      req.end(body);
    });
  }
}
