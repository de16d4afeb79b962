import { Injectable, OnModuleInit } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { isPublicApiPath } from './public-api-path';
import { SCOPE_METADATA } from './require-scope.decorator';

function joinPaths(...parts: (string | string[] | undefined)[]): string[] {
  return parts.reduce<string[]>(
    (paths, part) => {
      const segments = Array.isArray(part) ? part : [part ?? ''];
      return paths.flatMap((path) => segments.map((segment) => `${path}/${segment}`.replace(/\/+/g, '/').replace(/\/$/, '')));
    },
    [''],
  );
}

/**
 * Fails the start when an `/api/v1` route declares no scope (DESIGN.md §4):
 * forgetting `@RequireScope` must be a crash at boot, not an open route.
 */
@Injectable()
export class ScopeDeclarationCheck implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const undeclared = this.discovery.getControllers().flatMap(({ metatype, instance }) => {
      if (!metatype || !instance) return [];
      const controllerPath = Reflect.getMetadata(PATH_METADATA, metatype) as string | string[] | undefined;
      const prototype = Object.getPrototypeOf(instance) as object;
      return this.scanner.getAllMethodNames(prototype).flatMap((name) => {
        const handler = (prototype as Record<string, (...args: unknown[]) => unknown>)[name];
        const methodPath = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (methodPath === undefined) return [];
        const publicPaths = joinPaths(controllerPath, methodPath).filter(isPublicApiPath);
        const declared = this.reflector.getAllAndOverride(SCOPE_METADATA, [handler, metatype]) !== undefined;
        return declared ? [] : publicPaths.map((path) => `${metatype.name}.${name} (${path})`);
      });
    });
    if (undeclared.length > 0) {
      throw new Error(`These /api/v1 routes declare no scope; add @RequireScope(...) or @RequireNoScope():\n  ${undeclared.join('\n  ')}`);
    }
  }
}
