import express, {
  type NextFunction,
  type Request,
  type Response,
  Router,
} from 'express';
import { controlRoutes } from './control';
import type { WeComEmulator } from './emulator';
import { ErrCode } from './errcodes';
import { appchatRoutes } from './routes/appchat';
import { botRoutes } from './routes/bot';
import { messageRoutes } from './routes/messages';
import {
  delayCalls,
  injectFaults,
  recordCalls,
  requireCorpToken,
} from './routes/middleware';
import {
  oauthApiRoutes,
  oauthPageRoutes,
  oauthSuiteRoutes,
} from './routes/oauth';
import { thirdPartyRoutes } from './routes/thirdParty';
import { templateCardRoutes } from './routes/templateCards';
import { tokenRoutes } from './routes/token';
import { userRoutes } from './routes/users';
import { uiRoutes } from './ui';

/** Wires the WeCom API (`/cgi-bin`), the OAuth page, the control API and the UI. */
export function createApp(emulator: WeComEmulator): express.Express {
  const { state } = emulator;
  const app = express();
  app.disable('x-powered-by');

  const cgi = Router();
  cgi.use(recordCalls(state));
  cgi.use(injectFaults(state));
  // WeCom clients do not always label their JSON, so parse every body as JSON.
  cgi.use(express.json({ type: () => true, limit: '5mb' }));
  // After the body is read: a slowed call is handled even if its caller left.
  cgi.use(delayCalls(state));
  cgi.use(tokenRoutes(state));
  cgi.use(thirdPartyRoutes(state));
  cgi.use(oauthSuiteRoutes(state));
  cgi.use(botRoutes(state));

  const withToken = Router();
  withToken.use(requireCorpToken(state));
  withToken.use(messageRoutes(state));
  withToken.use(templateCardRoutes(state));
  withToken.use(appchatRoutes(state));
  withToken.use(userRoutes(state));
  withToken.use(oauthApiRoutes(state));
  cgi.use(withToken);

  cgi.use((req: Request, res: Response) => {
    res.status(404).json({
      errcode: ErrCode.API_UNAUTHORIZED,
      errmsg: `api ${req.method} /cgi-bin${req.path} is not emulated`,
    });
  });
  cgi.use(wecomErrors);

  app.use('/cgi-bin', cgi);
  app.use(oauthPageRoutes(state));
  app.use('/_emulator', controlRoutes(emulator));
  app.use(uiRoutes(emulator));
  return app;
}

/** Unparseable JSON answers 47001 like WeCom; anything else is an emulator bug. */
function wecomErrors(
  error: unknown,
  _req: Request,
  res: Response,
  _next: NextFunction,
) {
  if ((error as { type?: string }).type === 'entity.parse.failed') {
    res.json({
      errcode: ErrCode.DATA_FORMAT_ERROR,
      errmsg: 'data format error',
    });
    return;
  }
  process.stderr.write(
    `wecom-emulator: ${(error as Error)?.stack ?? String(error)}\n`,
  );
  res
    .status(500)
    .json({ errcode: ErrCode.SYSTEM_BUSY, errmsg: 'system error' });
}
