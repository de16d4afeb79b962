import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NotFoundException } from '@nestjs/common';
import type { Response } from 'express';

const TYPES: Record<string, string> = { '.css': 'text/css', '.js': 'text/javascript' };

/**
 * A fixed set of files served from this origin (as a strict CSP requires), read once at start
 * from `dir` (nest-cli.json copies them into dist). Only the names listed exist: a path never
 * reaches the file system.
 */
export class StaticAssets {
  private readonly files: Map<string, { type: string; body: Buffer }>;

  constructor(dir: string, names: readonly string[]) {
    this.files = new Map(names.map((name) => [name, { type: TYPES[name.slice(name.lastIndexOf('.'))], body: readFileSync(join(dir, name)) }]));
  }

  send(name: string, response: Response): void {
    const file = this.files.get(name);
    if (!file) throw new NotFoundException();
    response.type(file.type).send(file.body);
  }
}
