/**
 * Optional tagline engines (DESIGN.md, "Taglines"; issue 4): the browser's on-device model
 * (Chrome's built-in Summarizer API, type "headline") and an OpenAI-compatible chat-completions
 * endpoint the user configures (e.g. a local Ollama server). Both are reached only through
 * injected dependencies, so this module has no globals, no storage access and no permissions
 * logic: the caller decides whether the user enabled and granted the engine.
 *
 * Every failure falls back to the extractive tagline with a short human reason for the card.
 */
import type { Tagline } from './paper';
import { extractTagline, type TaglineInput } from './tagline';
import { normaliseText } from './tagline-normalise';
import { HEADLINE_MAX, QUALIFIER_MAX, headlineRuleViolations, type HeadlineRule } from './tagline-rules';

export type TaglineEngineId = 'extractive' | 'on-device' | 'endpoint';

import type { TaglineSource } from './tagline-source';

export type { TaglineSource } from './tagline-source';

/** An OpenAI-compatible server: `POST {baseUrl}/chat/completions`. */
export interface EndpointSettings {
  /** e.g. "http://localhost:11434/v1" (Ollama) or "https://api.openai.com/v1". */
  baseUrl: string;
  model: string;
  /** Sent as `Authorization: Bearer <key>` when non-empty. Lives in storage.local only. */
  apiKey?: string | null;
}

export type TaglineEngineConfig =
  | { id: 'extractive' }
  | { id: 'on-device' }
  | { id: 'endpoint'; endpoint: EndpointSettings };

// Structural types for Chrome's Summarizer API (Chrome 138+), declared here because the DOM
// lib does not ship them. https://developer.chrome.com/docs/ai/summarizer-api
export type SummarizerAvailability = 'unavailable' | 'downloadable' | 'downloading' | 'available';

export interface SummarizerCreateOptions {
  type: 'headline' | 'tldr' | 'key-points' | 'teaser';
  format: 'plain-text' | 'markdown';
  length: 'short' | 'medium' | 'long';
  sharedContext?: string;
  signal?: AbortSignal;
}

export interface SummarizerLike {
  summarize(text: string, options?: { context?: string; signal?: AbortSignal }): Promise<string>;
  destroy?(): void;
}

/** The `Summarizer` global's static surface (availability + create). */
export interface SummarizerFactory {
  availability(options?: SummarizerCreateOptions): Promise<SummarizerAvailability>;
  create(options: SummarizerCreateOptions): Promise<SummarizerLike>;
}

// Structural types for Chrome's Prompt API (`LanguageModel`, Chrome 138+ in extensions, also in
// the service worker). https://developer.chrome.com/docs/ai/prompt-api
export interface LanguageModelMonitor {
  addEventListener(type: 'downloadprogress', listener: (event: { loaded: number }) => void): void;
}

export interface LanguageModelCreateOptions {
  initialPrompts?: { role: 'system' | 'user' | 'assistant'; content: string }[];
  expectedInputs?: { type: 'text'; languages?: string[] }[];
  expectedOutputs?: { type: 'text'; languages?: string[] }[];
  monitor?: (m: LanguageModelMonitor) => void;
  signal?: AbortSignal;
}

export interface LanguageModelSessionLike {
  prompt(input: string, options?: { responseConstraint?: unknown; signal?: AbortSignal }): Promise<string>;
  destroy?(): void;
}

/** The `LanguageModel` global's static surface. */
export interface LanguageModelFactory {
  availability(options?: LanguageModelCreateOptions): Promise<SummarizerAvailability>;
  create(options?: LanguageModelCreateOptions): Promise<LanguageModelSessionLike>;
}

export interface TaglineEngineDeps {
  /** Preferred on-device model; pass `globalThis.LanguageModel` when it exists. */
  languageModel?: LanguageModelFactory | null;
  /** Needed by the endpoint engine; pass the extension's `fetch`. */
  fetch?: typeof fetch;
  /** Needed by the on-device engine; pass `globalThis.Summarizer` when it exists. */
  summarizer?: SummarizerFactory | null;
  /** Per-request time limit for either model (default 20 s; local models can be slow). */
  timeoutMs?: number;
}

export interface TaglineResult {
  tagline: Tagline;
  /** The engine that produced `tagline` ("extractive" after any fallback). */
  engine: TaglineEngineId;
  /** Which model produced it, finer than `engine` (the Prompt API or the Summarizer). */
  source?: TaglineSource;
  /** Why the chosen engine was not used, short enough for a note on the card. */
  fallbackReason?: string;
}

const DEFAULT_TIMEOUT_MS = 20_000;
/** Model output must not break these rules (length and title equality are tolerated). */
const HARD_RULES: readonly HeadlineRule[] = ['no-we', 'no-lead-in', 'math-balanced', 'no-dangling-punctuation'];
/** Abstracts are short, but a pasted giant must not be sent whole to a model. */
const MAX_INPUT_CHARS = 6000;

/** Thrown inside the engines; its message is the user-facing fallback reason. */
class EngineFailure extends Error {}

/**
 * A tagline from the configured engine, falling back to the extractive one on any failure.
 * Never rejects.
 */
export async function generateTagline(
  input: TaglineInput,
  engine: TaglineEngineConfig,
  deps: TaglineEngineDeps = {},
): Promise<TaglineResult> {
  const fallback = (reason?: string): TaglineResult => {
    const tagline = extractTagline(input);
    return reason === undefined ? { tagline, engine: 'extractive', source: 'extractive' } : { tagline, engine: 'extractive', source: 'extractive', fallbackReason: reason };
  };
  try {
    if (engine.id === 'on-device') {
      // The Prompt API gives headline + qualifier in the pith form; the Summarizer's headline
      // is the fallback when the Prompt API is missing or not downloaded.
      let promptFailure: EngineFailure | null = null;
      if (deps.languageModel) {
        try {
          return { tagline: await promptApiTagline(input, deps), engine: 'on-device', source: 'prompt-api' };
        } catch (err) {
          if (!(err instanceof EngineFailure)) throw err;
          promptFailure = err;
        }
      }
      try {
        return { tagline: await onDeviceTagline(input, deps), engine: 'on-device', source: 'summarizer' };
      } catch (err) {
        // The Prompt API's reason is the more telling one when both fail.
        if (promptFailure !== null && err instanceof EngineFailure) throw promptFailure;
        throw err;
      }
    }
    if (engine.id === 'endpoint') {
      return { tagline: await endpointTagline(input, engine.endpoint, deps), engine: 'endpoint', source: 'endpoint' };
    }
    return fallback();
  } catch (err) {
    if (err instanceof EngineFailure) return fallback(err.message);
    const prefix = engine.id === 'endpoint' ? 'endpoint' : 'on-device model';
    return fallback(`${prefix}: ${shortMessage(err)}`);
  }
}

function shortMessage(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.replace(/\s+/g, ' ').slice(0, 80) || 'failed';
}

/** The text handed to a model: title and abstract, normalised, bounded. */
function modelInput(input: TaglineInput): { title: string; abstract: string } {
  const title = normaliseText(typeof input.title === 'string' ? input.title : '').slice(0, 500);
  const abstract = normaliseText(typeof input.abstract === 'string' ? input.abstract : '').slice(0, MAX_INPUT_CHARS);
  return { title, abstract };
}

/** Cleans one line of model output: no quotes, markdown, trailing period or control chars. */
export function cleanModelLine(raw: string): string {
  return raw
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:#+\s*|[-*]\s+|\*\*|headline:\s*)/i, '')
    .replace(/\*\*$/, '')
    .replace(/^["'“”‘’]+|["'“”‘’]+$/g, '')
    .replace(/\.$/, '')
    .trim();
}

/** Checks a model's headline; returns the reason it is unusable, or null. */
function rejectHeadline(headline: string, title: string): string | null {
  if (headline === '') return 'empty headline';
  // Issue 10: headline and qualifier at most 110 characters each, as extractive ones.
  if (headline.length > HEADLINE_MAX) return `headline too long (${headline.length} chars)`;
  const broken = headlineRuleViolations(headline, title).filter((r) => HARD_RULES.includes(r));
  return broken.length > 0 ? `headline breaks rule ${broken.join(', ')}` : null;
}

/** Runs `work` with an AbortSignal that fires after `ms`; rejects with "timed out". */
async function withTimeout<T>(ms: number, label: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new EngineFailure(`${label}: timed out`));
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------
// On-device (Chrome Summarizer API)
// ---------------------------------------------------------------------------------------------

const SUMMARIZER_OPTIONS: SummarizerCreateOptions = {
  type: 'headline',
  format: 'plain-text',
  length: 'short',
  sharedContext: 'Abstracts of scientific papers from arXiv. Write the main claim as a declarative headline.',
};

async function onDeviceTagline(input: TaglineInput, deps: TaglineEngineDeps): Promise<Tagline> {
  const factory = deps.summarizer;
  if (!factory || typeof factory.availability !== 'function' || typeof factory.create !== 'function') {
    throw new EngineFailure('on-device model unavailable in this browser');
  }
  const { title, abstract } = modelInput(input);
  if (abstract === '') throw new EngineFailure('on-device model: no abstract to summarise');
  // Pass the same options to availability() and create(), as Chrome's guide requires.
  const availability = await factory.availability(SUMMARIZER_OPTIONS);
  if (availability === 'downloadable' || availability === 'downloading') {
    // Starting the download needs a user gesture (settings page), never a card render.
    throw new EngineFailure('on-device model not downloaded yet');
  }
  if (availability !== 'available') throw new EngineFailure('on-device model unavailable');
  const ms = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const raw = await withTimeout(ms, 'on-device model', async (signal) => {
    const summarizer = await factory.create({ ...SUMMARIZER_OPTIONS, signal });
    try {
      return await summarizer.summarize(abstract, { context: `Paper title: ${title}`, signal });
    } finally {
      summarizer.destroy?.();
    }
  });
  if (typeof raw !== 'string') throw new EngineFailure('on-device model: no text returned');
  const headline = cleanModelLine(raw.split('\n')[0] ?? '');
  const problem = rejectHeadline(headline, title);
  if (problem) throw new EngineFailure(`on-device model: ${problem}`);
  // The headline summary has no qualifier; the extractive one supplies the condition line.
  return { headline, qualifier: extractTagline(input).qualifier };
}

// ---------------------------------------------------------------------------------------------
// On-device (Chrome Prompt API)
// ---------------------------------------------------------------------------------------------

/** The pith-form prompt, shared by the Prompt API and the endpoint. */
const SYSTEM_PROMPT = [
  'You write one-line claim headlines for scientific papers.',
  'Reply with JSON only: {"headline": string, "qualifier": string or null}.',
  'headline: the main result as subject + verb + result, present tense, 60-110 characters,',
  'no "we", no "our", no "In this paper", not the title; keep math as $...$.',
  'qualifier: the condition or mechanism the headline leaves out, at most 110 characters, or null.',
].join(' ');

const LANGUAGE_MODEL_OPTIONS: LanguageModelCreateOptions = {
  expectedInputs: [{ type: 'text', languages: ['en'] }],
  expectedOutputs: [{ type: 'text', languages: ['en'] }],
};

/** JSON schema handed to prompt() as responseConstraint: the model can only answer this shape. */
export const TAGLINE_SCHEMA = {
  type: 'object',
  properties: {
    headline: { type: 'string', maxLength: HEADLINE_MAX },
    qualifier: { type: ['string', 'null'], maxLength: HEADLINE_MAX },
  },
  required: ['headline', 'qualifier'],
  additionalProperties: false,
} as const;

/**
 * Availability of the Prompt API model, for the settings page: 'downloadable' and 'downloading'
 * mean a download (started by the user there) is needed first; 'unavailable' has a reason.
 */
export async function languageModelAvailability(factory: LanguageModelFactory | null | undefined): Promise<{ state: SummarizerAvailability; reason?: string }> {
  if (!factory || typeof factory.availability !== 'function') return { state: 'unavailable', reason: 'no Prompt API in this browser' };
  try {
    const state = await factory.availability(LANGUAGE_MODEL_OPTIONS);
    return state === 'unavailable' ? { state, reason: 'the browser says this device cannot run the model' } : { state };
  } catch (err) {
    return { state: 'unavailable', reason: shortMessage(err) };
  }
}

/**
 * Starts (or joins) the model download; `onProgress` gets 0..1 from the `downloadprogress`
 * events. Call it from a user gesture on the settings page, never from a card render.
 */
export async function downloadLanguageModel(factory: LanguageModelFactory, onProgress: (loaded: number) => void): Promise<void> {
  const session = await factory.create({
    ...LANGUAGE_MODEL_OPTIONS,
    monitor(m) {
      m.addEventListener('downloadprogress', (e) => onProgress(Math.max(0, Math.min(1, Number(e.loaded) || 0))));
    },
  });
  session.destroy?.();
}

/** The user turn of the pith-form prompt (the system turn is SYSTEM_PROMPT, shared with the endpoint). */
export function promptApiInput(input: TaglineInput): string {
  const { title, abstract } = modelInput(input);
  return `Title: ${title}\n\nAbstract: ${abstract}`;
}

async function promptApiTagline(input: TaglineInput, deps: TaglineEngineDeps): Promise<Tagline> {
  const factory = deps.languageModel;
  if (!factory || typeof factory.availability !== 'function' || typeof factory.create !== 'function') {
    throw new EngineFailure('Prompt API unavailable in this browser');
  }
  const { title, abstract } = modelInput(input);
  if (abstract === '') throw new EngineFailure('Prompt API: no abstract');
  const availability = await factory.availability(LANGUAGE_MODEL_OPTIONS);
  if (availability === 'downloadable' || availability === 'downloading') throw new EngineFailure('on-device model not downloaded yet');
  if (availability !== 'available') throw new EngineFailure('on-device model unavailable');
  const ms = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const raw = await withTimeout(ms, 'Prompt API', async (signal) => {
    const session = await factory.create({ ...LANGUAGE_MODEL_OPTIONS, initialPrompts: [{ role: 'system', content: SYSTEM_PROMPT }], signal });
    try {
      return await session.prompt(promptApiInput(input), { responseConstraint: TAGLINE_SCHEMA, signal });
    } finally {
      session.destroy?.();
    }
  });
  if (typeof raw !== 'string') throw new EngineFailure('Prompt API: no text returned');
  const parsed = parseTaglineJson(raw);
  if (parsed === null) throw new EngineFailure('Prompt API: reply is not the requested JSON');
  return vetModelTagline(parsed, title, 'Prompt API');
}

/** The same rules as extractive taglines: a failing headline is refused, a failing qualifier dropped. */
function vetModelTagline(parsed: { headline: string; qualifier: string | null }, title: string, label: string): Tagline {
  const headline = cleanModelLine(parsed.headline);
  const problem = rejectHeadline(headline, title);
  if (problem) throw new EngineFailure(`${label}: ${problem}`);
  let qualifier = parsed.qualifier === null ? null : cleanModelLine(parsed.qualifier);
  if (qualifier !== null) {
    const dollars = (qualifier.match(/(?<!\\)\$/g) ?? []).length;
    if (qualifier === '' || qualifier.length > QUALIFIER_MAX || /\b(?:we|our|us)\b/i.test(qualifier) || dollars % 2 !== 0) qualifier = null;
  }
  return { headline, qualifier };
}

// ---------------------------------------------------------------------------------------------
// OpenAI-compatible endpoint
// ---------------------------------------------------------------------------------------------



/** The chat-completions request body (exported for tests and the settings page preview). */
export function endpointRequestBody(input: TaglineInput, model: string): Record<string, unknown> {
  const { title, abstract } = modelInput(input);
  return {
    model,
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: `Title: ${title}\n\nAbstract: ${abstract}` },
    ],
    temperature: 0,
    max_tokens: 200,
    stream: false,
  };
}

/** Checked settings and headers for the endpoint, or an EngineFailure with the reason. */
function endpointTarget(settings: EndpointSettings, deps: TaglineEngineDeps): { url: string; headers: Record<string, string>; model: string; doFetch: typeof fetch } {
  const doFetch = deps.fetch;
  if (typeof doFetch !== 'function') throw new EngineFailure('endpoint: no network access');
  const base = typeof settings?.baseUrl === 'string' ? settings.baseUrl.trim().replace(/\/+$/, '') : '';
  if (!/^https?:\/\/\S+$/i.test(base)) throw new EngineFailure('endpoint: no valid base URL set');
  if (typeof settings.model !== 'string' || settings.model.trim() === '') throw new EngineFailure('endpoint: no model set');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const key = typeof settings.apiKey === 'string' ? settings.apiKey.trim() : '';
  if (key !== '') headers.authorization = `Bearer ${key}`;
  return { url: `${base}/chat/completions`, headers, model: settings.model.trim(), doFetch };
}

/** POSTs one chat request and returns the reply's message content. */
async function endpointContent(target: ReturnType<typeof endpointTarget>, requestBody: Record<string, unknown>, deps: TaglineEngineDeps): Promise<string> {
  const body = JSON.stringify(requestBody);
  const ms = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const text = await withTimeout(ms, 'endpoint', async (signal) => {
    let res: Response;
    try {
      res = await target.doFetch(target.url, { method: 'POST', headers: target.headers, body, signal });
    } catch (err) {
      if (signal.aborted) throw new EngineFailure('endpoint: timed out');
      throw new EngineFailure(`endpoint: network error (${shortMessage(err)})`);
    }
    if (!res.ok) throw new EngineFailure(`endpoint: HTTP ${res.status}`);
    return res.text();
  });
  const content = extractMessageContent(text);
  if (content === null) throw new EngineFailure('endpoint: reply is not a chat completion');
  return content;
}

async function endpointTagline(input: TaglineInput, settings: EndpointSettings, deps: TaglineEngineDeps): Promise<Tagline> {
  const target = endpointTarget(settings, deps);
  const content = await endpointContent(target, endpointRequestBody(input, target.model), deps);
  const parsed = parseTaglineJson(content);
  if (parsed === null) throw new EngineFailure('endpoint: reply is not the requested JSON');
  return vetModelTagline(parsed, modelInput(input).title, 'endpoint');
}

/** At most this many abstracts go into one endpoint request (one prompt, one reply). */
export const ENDPOINT_BATCH_MAX = 8;

/** Added to SYSTEM_PROMPT when several papers share one request. */
const BATCH_PROMPT =
  'Several papers follow, numbered. Reply with JSON only: {"taglines": [{"paper": number, "headline": string, "qualifier": string or null}, ...]}, one entry per paper, in order.';

/** The chat-completions body for several papers: the same prompt, the papers numbered. */
export function endpointBatchRequestBody(inputs: readonly TaglineInput[], model: string): Record<string, unknown> {
  const papers = inputs.map((input, i) => {
    const { title, abstract } = modelInput(input);
    return `Paper ${i + 1}\nTitle: ${title}\n\nAbstract: ${abstract}`;
  });
  return {
    model,
    messages: [
      { role: 'system', content: `${SYSTEM_PROMPT} ${BATCH_PROMPT}` },
      { role: 'user', content: papers.join('\n\n---\n\n') },
    ],
    temperature: 0,
    max_tokens: 80 + 120 * inputs.length,
    stream: false,
  };
}

/** The entries of a batch reply: {"taglines": [...]} or a bare [...]; null when neither. */
export function parseBatchJson(content: string): Array<{ paper: number | null; headline: string; qualifier: string | null }> | null {
  const start = content.search(/[[{]/);
  if (start === -1) return null;
  let json: unknown;
  try {
    json = JSON.parse(content.slice(start, Math.max(content.lastIndexOf('}'), content.lastIndexOf(']')) + 1));
  } catch {
    return null;
  }
  const list: unknown = Array.isArray(json) ? json : typeof json === 'object' && json !== null ? (json as { taglines?: unknown }).taglines : null;
  if (!Array.isArray(list)) return null;
  return list.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { paper, headline, qualifier } = item as { paper?: unknown; headline?: unknown; qualifier?: unknown };
    if (typeof headline !== 'string') return [];
    return [{ paper: typeof paper === 'number' && Number.isInteger(paper) ? paper : null, headline, qualifier: typeof qualifier === 'string' ? qualifier : null }];
  });
}

/**
 * Taglines for several papers from the endpoint in one request (at most ENDPOINT_BATCH_MAX; the
 * caller splits longer lists). Each paper's entry is vetted on its own: a missing or failing one
 * falls back to the extractive tagline with its reason, the others stand. Never rejects.
 */
export async function generateEndpointTaglines(inputs: readonly TaglineInput[], settings: EndpointSettings, deps: TaglineEngineDeps = {}): Promise<TaglineResult[]> {
  if (inputs.length <= 1) return Promise.all(inputs.map((input) => generateTagline(input, { id: 'endpoint', endpoint: settings }, deps)));
  const fallback = (input: TaglineInput, reason: string): TaglineResult => ({ tagline: extractTagline(input), engine: 'extractive', source: 'extractive', fallbackReason: reason });
  let entries: NonNullable<ReturnType<typeof parseBatchJson>>;
  try {
    const target = endpointTarget(settings, deps);
    const content = await endpointContent(target, endpointBatchRequestBody(inputs, target.model), deps);
    const parsed = parseBatchJson(content);
    if (parsed === null) throw new EngineFailure('endpoint: reply is not the requested JSON');
    entries = parsed;
  } catch (err) {
    const reason = err instanceof EngineFailure ? err.message : `endpoint: ${shortMessage(err)}`;
    return inputs.map((input) => fallback(input, reason));
  }
  // Entries are matched by their "paper" number; a reply without numbers is taken in order.
  const numbered = entries.some((e) => e.paper !== null);
  return inputs.map((input, i) => {
    const entry = numbered ? entries.find((e) => e.paper === i + 1) : entries[i];
    if (!entry) return fallback(input, 'endpoint: no tagline for this paper in the reply');
    try {
      return { tagline: vetModelTagline(entry, modelInput(input).title, 'endpoint'), engine: 'endpoint', source: 'endpoint' };
    } catch (err) {
      return fallback(input, err instanceof EngineFailure ? err.message : `endpoint: ${shortMessage(err)}`);
    }
  });
}

/** `choices[0].message.content` of a chat-completions response, or null. */
function extractMessageContent(text: string): string | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof json !== 'object' || json === null) return null;
  const choices = (json as { choices?: unknown }).choices;
  if (!Array.isArray(choices)) return null;
  const first: unknown = choices[0];
  if (typeof first !== 'object' || first === null) return null;
  const message = (first as { message?: unknown }).message;
  if (typeof message !== 'object' || message === null) return null;
  const content = (message as { content?: unknown }).content;
  return typeof content === 'string' ? content : null;
}

/**
 * The {headline, qualifier} object in a model's reply. Models wrap JSON in prose or ```json
 * fences, so the first balanced {...} block is parsed. Null when absent or malformed.
 */
export function parseTaglineJson(content: string): { headline: string; qualifier: string | null } | null {
  const start = content.indexOf('{');
  if (start === -1) return null;
  let depth = 0;
  let inString = false;
  let end = -1;
  for (let i = start; i < content.length; i += 1) {
    const c = content[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') depth += 1;
    else if (c === '}') {
      depth -= 1;
      if (depth === 0) {
        end = i;
        break;
      }
    }
  }
  if (end === -1) return null;
  let obj: unknown;
  try {
    obj = JSON.parse(content.slice(start, end + 1));
  } catch {
    return null;
  }
  if (typeof obj !== 'object' || obj === null) return null;
  const { headline, qualifier } = obj as { headline?: unknown; qualifier?: unknown };
  if (typeof headline !== 'string') return null;
  return { headline, qualifier: typeof qualifier === 'string' ? qualifier : null };
}
