import { Injectable, PipeTransform } from '@nestjs/common';
import { ApiErrors } from '../errors/api-errors';
import { redactSecrets } from '../security/redact-secrets';
import { ID_PREFIXES, IdPrefix, isId } from './type-id';

/**
 * Validates an id in the path. A malformed id cannot name an object, so it is
 * answered exactly like an unknown one: 404 `resource_missing`.
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  constructor(private readonly prefix: IdPrefix) {}

  transform(value: string): string {
    if (!isId(this.prefix, value)) {
      throw ApiErrors.resourceMissing(ID_PREFIXES[this.prefix], redactSecrets(value.slice(0, 64)));
    }
    return value;
  }
}
