/** One route an express router answers: `GET /incidents/:id`. */
export interface ListedRoute {
  method: string;
  path: string;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/**
 * Every route a built express router registers, found by walking its
 * stack and the stacks of the routers mounted on it. The plugin mounts
 * its area routers without a path prefix, so a route's path is its own.
 */
export function listRoutes(router: { stack: unknown[] }): ListedRoute[] {
  const routes: ListedRoute[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = [layer.route.path].flat();
        for (const method of Object.keys(layer.route.methods)) {
          if (method === '_all') continue;
          for (const path of paths) {
            routes.push({ method: method.toUpperCase(), path });
          }
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk(router.stack as Layer[]);
  return routes;
}
