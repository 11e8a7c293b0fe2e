import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  actionsRegistryServiceRef,
  metricsServiceRef,
} from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  WeComAppEventHandler,
  WeComBotMessageHandler,
  wecomAnalyzerExtensionPoint,
  wecomCallbacksExtensionPoint,
  wecomIncidentsExtensionPoint,
} from 'backstage-plugin-wecom-node';
import { wecomPermissions } from 'backstage-plugin-wecom-common';
import { registerWeComActions } from './actions/registerWeComActions';
import { AnalyzerSlot } from './aiSre/AnalyzerSlot';
import { IncidentProviderSlot } from './incidents/IncidentProviderSlot';
import { createWeComServices } from './services';
import { createRouter } from './router';

/**
 * The WeCom incident integration backend plugin (id `wecom`).
 *
 * @public
 */
export const wecomPlugin = createBackendPlugin({
  pluginId: 'wecom',
  register(env) {
    const appHandlers: WeComAppEventHandler[] = [];
    const botHandlers: WeComBotMessageHandler[] = [];
    env.registerExtensionPoint(wecomCallbacksExtensionPoint, {
      addAppEventHandler: (...handlers) => appHandlers.push(...handlers),
      addBotMessageHandler: (...handlers) => botHandlers.push(...handlers),
    });
    const incidentProvider = new IncidentProviderSlot();
    env.registerExtensionPoint(wecomIncidentsExtensionPoint, {
      setIncidentProvider: provider =>
        incidentProvider.setIncidentProvider(provider),
    });
    const analyzerSlot = new AnalyzerSlot();
    env.registerExtensionPoint(wecomAnalyzerExtensionPoint, {
      setAnalyzer: analyzer => analyzerSlot.setAnalyzer(analyzer),
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        cache: coreServices.cache,
        discovery: coreServices.discovery,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        metrics: metricsServiceRef,
      },
      async init(deps) {
        deps.permissionsRegistry.addPermissions(wecomPermissions);
        const services = await createWeComServices({
          ...deps,
          incidentProvider: incidentProvider.provider,
          analyzer: analyzerSlot.analyzer,
          // Registered with ours in callbacks/registerCallbackHandlers.ts.
          moduleAppEventHandlers: appHandlers,
          moduleBotMessageHandlers: botHandlers,
        });
        deps.lifecycle.addShutdownHook(() => services.bot.stop());
        deps.lifecycle.addShutdownHook(() => services.dispatcher.stop());
        // Claims nothing more; a send on the wire is retried by another
        // replica after the claim timeout if this one is gone.
        deps.lifecycle.addShutdownHook(() => services.outboxWorker.stop());
        // One replica holds each long-connection bot's WebSocket to WeCom.
        deps.lifecycle.addStartupHook(() =>
          services.botLongConnections.start(),
        );
        deps.lifecycle.addShutdownHook(() =>
          services.botLongConnections.stop(),
        );
        deps.lifecycle.addShutdownHook(() =>
          services.linking.oneClickLink.stop(),
        );

        deps.httpRouter.use(await createRouter({ ...deps, ...services }));
        // Offered to AI agents by the mcp-actions backend.
        registerWeComActions({
          ...deps,
          incidents: services.incidents,
          warRooms: services.warRooms,
        });
        // WeCom authenticates these with its signature, not a Backstage token.
        for (const path of [
          '/integrations/:id/callback',
          '/integrations/:id/bot-callback',
          '/suites/:suiteId/callback',
          '/suites/:suiteId/data-callback',
          // Opened by members in WeCom; WeCom's OAuth2 proves who they are.
          '/integrations/:id/workspace',
          '/integrations/:id/workspace/callback',
        ]) {
          deps.httpRouter.addAuthPolicy({ path, allow: 'unauthenticated' });
        }
      },
    });
  },
});
