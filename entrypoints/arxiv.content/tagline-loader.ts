/**
 * Taglines from the engine chosen in settings. The extractive tagline is on the card at once;
 * a model's tagline replaces it when it arrives. The on-device model (Chrome's Prompt API, else the Summarizer)
 * runs here, in the page's window, where the API is exposed; the custom endpoint is called
 * by the background, which holds the optional host permission and the key. At most two
 * on-device calls run at a time; endpoint requests go out a batch at a time (tagline-batcher.ts),
 * so a long listing does not flood a local model server.
 */
import { sendMessage } from '@/utils/messaging';
import type { TaglineEngine } from '@/utils/settings';
import { ENDPOINT_BATCH_MAX, generateTagline, type LanguageModelFactory, type SummarizerFactory, type TaglineResult } from '@/utils/tagline-engines';
import type { CardPage, CardSlot } from './card-page';
import { t } from '@/utils/i18n';

const MAX_CONCURRENT = 2;

export class TaglineLoader {
  private readonly queue: CardSlot[] = [];
  private running = 0;
  /** Which engine each card's current tagline came from, so a settings change redoes it. */
  private readonly doneFor = new Map<CardSlot, TaglineEngine>();

  constructor(private readonly page: CardPage) {}

  private get engine(): TaglineEngine {
    return this.page.currentSettings.taglineEngine;
  }

  request(slot: CardSlot): void {
    if (this.engine === 'extractive' || !slot.data.abstract) return;
    if (this.doneFor.get(slot) === this.engine || this.queue.includes(slot)) return;
    this.queue.push(slot);
    this.pump();
  }

  /** The engine changed: rendered cards get the new engine's tagline (or the extractive one). */
  settingsChanged(rendered: CardSlot[]): void {
    this.queue.length = 0;
    for (const slot of rendered) {
      if (this.engine === 'extractive') {
        if (this.doneFor.has(slot)) this.page.resetTagline(slot);
        this.doneFor.delete(slot);
      } else this.request(slot);
    }
  }

  private pump(): void {
    // Endpoint requests are batched by the background (one HTTP request per batch), so a whole
    // batch's worth may be asked for at once; the on-device model runs here, two at a time.
    const limit = this.engine === 'endpoint' ? ENDPOINT_BATCH_MAX : MAX_CONCURRENT;
    while (this.running < limit && this.queue.length > 0) {
      const slot = this.queue.shift()!;
      this.running++;
      void this.generate(slot).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  /** On-device tagline: from the cache (per paper version) or the model, then cached. */
  private async onDevice(slot: CardSlot, input: { title: string; abstract: string | null }): Promise<TaglineResult> {
    const key = { id: slot.entry.id, version: slot.data.version, engine: 'on-device' as const };
    const cached = await sendMessage('tagline:cached', key).catch(() => ({ tagline: null }));
    if (cached.tagline) return { tagline: cached.tagline, engine: 'on-device', source: 'on-device' };
    const result = await generateTagline(input, { id: 'on-device' }, {
      languageModel: (globalThis as { LanguageModel?: LanguageModelFactory }).LanguageModel ?? null,
      summarizer: (globalThis as { Summarizer?: SummarizerFactory }).Summarizer ?? null,
    });
    if (result.engine === 'on-device') {
      void sendMessage('tagline:put', { ...key, tagline: result.tagline }).catch(() => undefined);
    }
    return result;
  }

  private async generate(slot: CardSlot): Promise<void> {
    const engine = this.engine;
    const input = { title: slot.data.title, abstract: slot.data.abstract };
    try {
      const result =
        engine === 'on-device'
          ? await this.onDevice(slot, input)
          : await sendMessage('tagline:get', {
              id: slot.entry.id,
              version: slot.data.version,
              title: slot.data.title,
              abstract: slot.data.abstract ?? '',
            });
      if (engine !== this.engine) return; // settings changed meanwhile
      this.doneFor.set(slot, engine);
      const note = result.fallbackReason ? t('extractiveFallback', result.fallbackReason) : null;
      this.page.setTagline(slot, result.tagline, note, result.source ?? (result.engine === 'extractive' ? 'extractive' : result.engine));
    } catch (error) {
      this.doneFor.set(slot, engine);
      this.page.setTagline(slot, slot.data.tagline ?? { headline: slot.data.title, qualifier: null },
        t('extractiveFallback', error instanceof Error ? error.message : t('engineFailed')));
    }
  }
}
