import { Injectable } from '@nestjs/common';
import { lookup } from 'node:dns/promises';

const LOOKUP_TIMEOUT_MS = 5_000;

/**
 * Every address a host name resolves to, as the operating system's resolver
 * (the one an HTTP client would use) returns them. A class so the delivery
 * path resolves the same way the create path checks.
 */
@Injectable()
export class HostResolver {
  async resolve(host: string): Promise<string[]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`Resolving ${host} took longer than ${LOOKUP_TIMEOUT_MS} ms`)), LOOKUP_TIMEOUT_MS);
    });
    try {
      const found = await Promise.race([lookup(host, { all: true, verbatim: true }), timeout]);
      return found.map((entry) => entry.address);
    } finally {
      clearTimeout(timer);
    }
  }
}
