import { WeComAnalysisAttachment } from 'backstage-plugin-wecom-node';
import { aesCbcDecrypt, unpaddedLength } from '../../crypto/aesCbc';
import { decryptMedia } from '../../crypto/media';
import { BotInboundMessage, BotMediaRef } from './types';
import { BotUrlPolicy, BotUrlRefusedError } from './BotUrlPolicy';
import { sniffMimeType } from './sniffMimeType';

/** `wecom.aiSre.bot.maxMediaBytes` when not set. */
export const DEFAULT_MAX_MEDIA_BYTES = 10 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;
/** WeCom pads encrypted media to a multiple of 32 bytes. */
const PADDING = 32;
/**
 * Images and files read from one message. WeCom documents no maximum for
 * a mixed message's items; its stream replies take at most 10 images
 * (document 101031), a fair bound for what a model is shown at once.
 */
const MAX_ATTACHMENTS = 10;
/** All of one message's downloads together, in units of `maxBytes`. */
const MESSAGE_BUDGET = 2;
/** Redirects followed, each to a host the bot may download from. */
const MAX_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Why an image or file could not be read. The message is meant for the
 * person who sent it; it never holds the media URL, which may carry a
 * download ticket.
 */
export class BotMediaError extends Error {
  override readonly name = 'BotMediaError';
}

/**
 * Downloads and decrypts the images and files of bot messages: over the
 * callback with the bot's EncodingAESKey, over the long connection with the
 * message's own key. Bounded in size and time, so one message cannot fill
 * the memory or hold an answer forever; only from the integration's WeCom
 * hosts ({@link BotUrlPolicy}), redirects included.
 */
export class BotMediaFetcher {
  private readonly maxBytes: number;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(
    private readonly options: {
      /** The bot's EncodingAESKey of an integration (callback transport). */
      encodingAESKeyOf(integrationId: string): Promise<string | undefined>;
      /** Which hosts media may come from. */
      urls: BotUrlPolicy;
      maxBytes?: number;
      timeoutMs?: number;
      fetch?: typeof fetch;
    },
  ) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_MEDIA_BYTES;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /**
   * Every image and file of a message; those that cannot be read become a
   * line saying why, for the answer.
   */
  async fetchAll(
    message: BotInboundMessage,
  ): Promise<{ attachments: WeComAnalysisAttachment[]; problems: string[] }> {
    const attachments: WeComAnalysisAttachment[] = [];
    const problems: string[] = [];
    // A message of many big files must not fill the memory: a count, and a
    // budget for all of them together.
    let budget = this.maxBytes * MESSAGE_BUDGET;
    for (const ref of message.media.slice(0, MAX_ATTACHMENTS)) {
      try {
        const attachment = await this.fetchOne(message.integrationId, ref, {
          budget,
        });
        budget -= attachment.bytes.length;
        attachments.push(attachment);
      } catch (error) {
        const reason =
          error instanceof BotMediaError
            ? error.message
            : 'an unexpected error';
        problems.push(`Could not read the ${describe(ref)}: ${reason}.`);
      }
    }
    const skipped = message.media.length - MAX_ATTACHMENTS;
    if (skipped > 0) {
      problems.push(
        `Did not read ${skipped} more ${
          skipped === 1 ? 'image or file' : 'images or files'
        }: at most ${MAX_ATTACHMENTS} are read from one message.`,
      );
    }
    return { attachments, problems };
  }

  /** One image or file, decrypted; throws a {@link BotMediaError}. */
  async fetchOne(
    integrationId: string,
    ref: BotMediaRef,
    options: { budget?: number } = {},
  ): Promise<WeComAnalysisAttachment> {
    const limit = Math.min(this.maxBytes, options.budget ?? Infinity);
    const tooBig = () =>
      limit < this.maxBytes ? this.overBudget() : this.tooBig();
    const decrypt = await this.decrypterFor(integrationId, ref);
    const { bytes: encrypted, fileName } = await this.download(
      integrationId,
      ref,
      limit,
      tooBig,
    );
    const bytes = decrypt(encrypted);
    if (bytes.length > limit) throw tooBig();
    const name = ref.fileName ?? fileName;
    return {
      kind: ref.kind,
      mimeType: sniffMimeType(bytes),
      ...(name ? { fileName: name } : {}),
      bytes: new Uint8Array(bytes),
    };
  }

  private async decrypterFor(
    integrationId: string,
    ref: BotMediaRef,
  ): Promise<(data: Buffer) => Buffer> {
    if (ref.aesKey !== undefined) {
      const key = Buffer.from(ref.aesKey, 'base64');
      if (key.length !== 32) {
        throw new BotMediaError(
          'the key WeCom sent with it is not 32 bytes of base64',
        );
      }
      return data =>
        undecryptable(() => {
          const plain = aesCbcDecrypt({ key, iv: key.subarray(0, 16) }, data);
          return plain.subarray(0, unpaddedLength(plain));
        });
    }
    const encodingAESKey = await this.options.encodingAESKeyOf(integrationId);
    if (!encodingAESKey) {
      throw new BotMediaError(
        `the bot of integration "${integrationId}" has no EncodingAESKey to decrypt it with`,
      );
    }
    return data => undecryptable(() => decryptMedia(encodingAESKey, data));
  }

  private async download(
    integrationId: string,
    ref: BotMediaRef,
    limit: number,
    tooBig: () => BotMediaError,
  ): Promise<{ bytes: Buffer; fileName?: string }> {
    let url = await this.allowed(integrationId, ref.url);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      let response = await this.get(url, controller);
      // Redirects are followed by hand: each target is checked first.
      for (let hops = 0; REDIRECTS.has(response.status); hops++) {
        await response.body?.cancel().catch(() => {});
        const location = response.headers.get('location');
        if (!location || hops >= MAX_REDIRECTS) {
          throw new BotMediaError(
            `the download answered HTTP ${response.status}`,
          );
        }
        url = await this.allowed(
          integrationId,
          new URL(location, url).toString(),
          'it redirects elsewhere: ',
        );
        response = await this.get(url, controller);
      }
      if (!response.ok) {
        throw new BotMediaError(
          `the download answered HTTP ${response.status}`,
        );
      }
      const declared = Number(response.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > limit + PADDING) {
        throw tooBig();
      }
      const bytes = await this.readLimited(response, controller, limit, tooBig);
      const fileName = fileNameOf(response.headers.get('content-disposition'));
      return { bytes, ...(fileName ? { fileName } : {}) };
    } catch (error) {
      if (error instanceof BotMediaError) throw error;
      if (controller.signal.aborted) {
        throw new BotMediaError(
          `the download took longer than ${formatDuration(this.timeoutMs)}`,
        );
      }
      // undici puts the interesting part (ECONNREFUSED, …) in `cause`.
      const cause = (error as { cause?: { code?: string; message?: string } })
        .cause;
      const detail = cause?.code ?? cause?.message;
      throw new BotMediaError(
        `the download failed${detail ? ` (${detail})` : ''}`,
      );
    } finally {
      clearTimeout(timer);
    }
  }

  private get(url: URL, controller: AbortController): Promise<Response> {
    return this.fetch(url, { signal: controller.signal, redirect: 'manual' });
  }

  /** The URL when the bot may download from it; else a BotMediaError. */
  private async allowed(
    integrationId: string,
    url: string,
    why = '',
  ): Promise<URL> {
    try {
      return await this.options.urls.check(integrationId, url, 'media');
    } catch (error) {
      if (error instanceof BotUrlRefusedError) {
        throw new BotMediaError(`${why}${error.message}`);
      }
      throw error;
    }
  }

  /** Reads the body, stopping as soon as it outgrows the limit. */
  private async readLimited(
    response: Response,
    controller: AbortController,
    limit: number,
    tooBig: () => BotMediaError,
  ): Promise<Buffer> {
    const chunks: Uint8Array[] = [];
    let total = 0;
    if (!response.body) return Buffer.alloc(0);
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > limit + PADDING) {
        await reader.cancel().catch(() => {});
        controller.abort();
        throw tooBig();
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks);
  }

  private overBudget(): BotMediaError {
    return new BotMediaError(
      `with the images and files before it, the message is larger than ${formatBytes(
        this.maxBytes * MESSAGE_BUDGET,
      )} (twice wecom.aiSre.bot.maxMediaBytes)`,
    );
  }

  private tooBig(): BotMediaError {
    return new BotMediaError(
      `it is larger than the ${formatBytes(
        this.maxBytes,
      )} limit (wecom.aiSre.bot.maxMediaBytes)`,
    );
  }
}

function undecryptable(decrypt: () => Buffer): Buffer {
  try {
    return decrypt();
  } catch {
    throw new BotMediaError(
      'it could not be decrypted (a wrong key, or a damaged download)',
    );
  }
}

function describe(ref: BotMediaRef): string {
  if (ref.kind === 'image') return 'image';
  return ref.fileName ? `file ${ref.fileName}` : 'file';
}

/** `filename` of a Content-Disposition header, RFC 5987 form first. */
function fileNameOf(header: string | null): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // Falls through to the plain form.
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain?.[1].trim() || undefined;
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

/** 10485760 → "10 MiB", 2048 → "2 KiB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) {
    return `${bytes / (1024 * 1024)} MiB`;
  }
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
