import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { RequestHandler } from 'express';
import { createOpenApiRouter, spec } from './openapi.generated';

/** Each area parses its own body, with its own size limit. */
const noBodyParsing: RequestHandler = (_req, _res, next) => next();

/**
 * What we ask of express-openapi-validator: check what the document says
 * of paths and parameters, and nothing Backstage or the areas already do.
 */
const validatorOptions = {
  // Backstage's httpAuth authenticates; the areas check permissions.
  validateSecurity: false,
  validateRequests: {
    // Unknown query parameters were always ignored (WeCom's redirects add
    // their own); refusing them now would break callers that worked.
    allowUnknownQueryParameters: true,
    coerceTypes: false,
  },
} as const;

/**
 * The plugin's root router, typed by `openapi.yaml` and serving the whole
 * document at `/openapi.json`; and `validateParameters`, which answers a
 * request whose path or query parameters break the document with a 400 that
 * says why (mounted by `createRouter` after the WeCom callbacks).
 *
 * Request bodies are checked by the areas' zod schemas, not here: each area
 * parses its body with its own size limit (the WeCom callbacks read theirs
 * raw) after this router's validator has run, so the validator would see no
 * body, and a root parser would replace the areas' limits with one. So the
 * validator gets the document without its request bodies; the document's
 * request bodies mirror the zod schemas, and `openapi.test.ts` checks that
 * the requests it sends satisfy both.
 */
export async function createApiRouter() {
  const router = await createOpenApiRouter({
    middleware: [noBodyParsing],
    // This router types and serves the document; the one below validates.
    validatorOptions: { ignorePaths: () => true },
  });
  const validateParameters = createValidatedOpenApiRouter<typeof spec>(
    withoutRequestBodies(spec),
    { middleware: [noBodyParsing], validatorOptions },
  );
  return { router, validateParameters };
}

/** The document with every operation's `requestBody` left out. */
function withoutRequestBodies(document: typeof spec): typeof spec {
  const paths = Object.fromEntries(
    Object.entries(document.paths).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([key, operation]) => {
          if (typeof operation !== 'object' || !('requestBody' in operation)) {
            return [key, operation];
          }
          const { requestBody: _body, ...rest } = operation;
          return [key, rest];
        }),
      ),
    ]),
  );
  return { ...document, paths } as unknown as typeof spec;
}
