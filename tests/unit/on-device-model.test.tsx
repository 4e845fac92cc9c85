/** The settings page's on-device model status: availability, the download button and its progress. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { OnDeviceStatus, type OnDeviceGlobals } from '../../components/OnDeviceModel';
import type { LanguageModelCreateOptions, LanguageModelFactory, SummarizerAvailability } from '../../utils/tagline-engines';

/**
 * Shaped like Chrome's `LanguageModel` global: availability() and create({ monitor }), whose
 * monitor gets `downloadprogress` events with `loaded` in 0..1 while create() is pending.
 */
class FakeLanguageModel implements LanguageModelFactory {
  private fire: ((loaded: number) => void) | null = null;
  private finish: ((ok: boolean) => void) | null = null;
  constructor(public state: SummarizerAvailability) {}
  availability(): Promise<SummarizerAvailability> {
    return Promise.resolve(this.state);
  }
  create(options: LanguageModelCreateOptions = {}) {
    const target = new EventTarget();
    options.monitor?.({ addEventListener: (type, l) => target.addEventListener(type, (e) => l(e as unknown as { loaded: number })) });
    this.fire = (loaded) => {
      const e = new Event('downloadprogress') as Event & { loaded: number };
      e.loaded = loaded;
      target.dispatchEvent(e);
    };
    return new Promise<{ prompt: () => Promise<string>; destroy: () => void }>((resolve, reject) => {
      this.finish = (ok) => {
        if (!ok) return reject(new DOMException('The download was interrupted', 'NetworkError'));
        this.state = 'available';
        resolve({ prompt: () => Promise.resolve(''), destroy: () => undefined });
      };
    });
  }
  progress(loaded: number): void {
    this.fire?.(loaded);
  }
  done(ok = true): void {
    this.finish?.(ok);
  }
}

let container: HTMLElement;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  render(null, container);
  container.remove();
});

async function flush(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 5; i += 1) await Promise.resolve();
  });
}

async function mount(globals: OnDeviceGlobals): Promise<void> {
  act(() => render(<OnDeviceStatus globals={globals} />, container));
  await flush();
}

const status = (): string => container.querySelector('[data-pith="on-device-status"]')?.textContent ?? '';
const button = (): HTMLButtonElement | null => container.querySelector('[data-pith="on-device-download"]');
const bar = (): HTMLProgressElement | null => container.querySelector('[data-pith="on-device-progress"]');

describe('OnDeviceStatus', () => {
  it('says when the browser has no on-device model', async () => {
    await mount({});
    expect(status()).toBe('On-device model: not available in this browser.');
    expect(button()).toBeNull();
  });

  it('a downloadable Prompt API model gets a button; the download shows its progress, then "available"', async () => {
    const lm = new FakeLanguageModel('downloadable');
    await mount({ LanguageModel: lm });
    expect(status()).toBe('On-device model: available after a one-time model download.');
    act(() => button()!.click());
    await flush();
    expect(bar()).not.toBeNull();
    expect(status()).toBe('On-device model: downloading, 0%.');
    act(() => lm.progress(0.42));
    expect(status()).toBe('On-device model: downloading, 42%.');
    expect(bar()!.value).toBeCloseTo(0.42);
    act(() => lm.progress(1));
    lm.done();
    await flush();
    expect(status()).toBe('On-device model: available.');
    expect(bar()).toBeNull();
    expect(button()).toBeNull();
  });

  it('an interrupted download says so and offers the button again', async () => {
    const lm = new FakeLanguageModel('downloading');
    await mount({ LanguageModel: lm });
    expect(button()!.textContent).toBe('Show download progress');
    act(() => button()!.click());
    await flush();
    lm.done(false);
    await flush();
    expect(status()).toBe('On-device model: download failed (The download was interrupted).');
    expect(button()).not.toBeNull();
  });

  it('an unavailable model gives the reason; without the Prompt API the Summarizer is asked', async () => {
    await mount({ LanguageModel: new FakeLanguageModel('unavailable') });
    expect(status()).toBe('On-device model: not available (the browser says this device cannot run the model).');
    render(null, container);
    await mount({ Summarizer: { availability: () => Promise.resolve('available') } });
    expect(status()).toBe('On-device model: available.');
  });
});
