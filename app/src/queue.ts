import { ApiError, call } from './api';
import type { MessageKey } from './i18n';
import { currentSession, onSessionChange, tokenOwner, type Session } from './session';
import { db } from './store';

/**
 * Every action a person takes is queued here first (IndexedDB), with the
 * Idempotency-Key it will be sent under, and sent in the order it was made
 * whenever the network allows. A lost connection or a server error leaves it
 * queued and it is sent again under the same key, so the service applies it
 * once however often it travels; a refusal (4xx) is kept beside the action
 * until the person dismisses it. Only one tab sends at a time (Web Locks).
 *
 * An action is sent only in the name of the person who took it, with their
 * current token: while nobody is signed in, while their session has ended,
 * or while someone else is signed in, it stays queued, never dropped.
 */

export interface QueuedAction {
  id?: number;
  /** Idempotency-Key, made when the action was queued. */
  key: string;
  /** Whose action, as shown. */
  principal: string;
  /** Whose action: sent only while this owner is signed in (session.ts). Absent on actions queued before. */
  owner?: string;
  /** Queued before owners were recorded: the API token it was taken with. */
  token?: string;
  path: string;
  body: unknown;
  /** What to show for it. */
  label: { key: MessageKey; params?: Record<string, string | number> };
  /** The day (or operation) it belongs to, to show it there. */
  scope: string;
  /** Receipts: the direction and tags, so scanning knows what is already on its way. */
  receipt?: { from: string; to: string; tags: string[] };
  queuedAt: string;
  state: 'waiting' | 'refused';
  refusal?: { status: number; detail: string };
}

export type QueueStatus = { items: QueuedAction[]; sending: boolean };

/** Whose an action is: its owner, or for one queued before owners were recorded, its API token's holder. */
export const ownerOf = (a: QueuedAction) => a.owner ?? tokenOwner(a.principal);
/** Whether the action waits for the person signed in now (else for someone else to sign in). */
export const isMine = (a: QueuedAction, session: Session | undefined) => session?.owner === ownerOf(a);

type Listener = (status: QueueStatus) => void;
type SentListener = (action: QueuedAction, answer: unknown) => void;

const listeners = new Set<Listener>();
const sentListeners = new Set<SentListener>();
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('field-app-queue') : undefined;
let status: QueueStatus = { items: [], sending: false };
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let backoffMs = 1_000;

function newKey(): string {
  return `app-${crypto.randomUUID()}`;
}

async function publish(partial: Partial<QueueStatus> = {}, tellOtherTabs = true): Promise<void> {
  const items = await (await db()).getAll('actions');
  status = { ...status, ...partial, items };
  for (const l of listeners) l(status);
  if (tellOtherTabs) channel?.postMessage('changed');
}
channel?.addEventListener('message', () => void publish({}, false));

export function onQueueChange(listener: Listener): () => void {
  listeners.add(listener);
  listener(status);
  return () => listeners.delete(listener);
}

/** Called with each action the service accepted, and its answer (to refresh what is shown). */
export function onSent(listener: SentListener): () => void {
  sentListeners.add(listener);
  return () => sentListeners.delete(listener);
}

export async function enqueue(
  session: Session,
  action: Pick<QueuedAction, 'path' | 'body' | 'label' | 'scope' | 'receipt'>,
): Promise<void> {
  await (
    await db()
  ).add('actions', {
    ...action,
    key: newKey(),
    principal: session.principal,
    owner: session.owner,
    queuedAt: new Date().toISOString(),
    state: 'waiting',
  });
  await publish();
  kick();
}

export async function dismiss(id: number): Promise<void> {
  const store = await db();
  const item = await store.get('actions', id);
  // Only a refusal is dismissed: a waiting action is never dropped.
  if (item?.state === 'refused') await store.delete('actions', id);
  await publish();
}

let draining = false;
let kickedWhileDraining = false;

/** Sends what is waiting, now; while a send is going on, once it ends. */
export function kick(): void {
  if (retryTimer) {
    clearTimeout(retryTimer);
    retryTimer = undefined;
  }
  if (draining) {
    kickedWhileDraining = true;
    return;
  }
  draining = true;
  kickedWhileDraining = false;
  const run = () => drain().catch(() => retryLater());
  // Another tab holding the lock is sending: it reads the same queue, so this one need not.
  const sent = navigator.locks
    ? navigator.locks.request('field-app-queue', { ifAvailable: true }, (lock) => (lock ? run() : undefined))
    : run();
  void Promise.resolve(sent).finally(() => {
    draining = false;
    if (kickedWhileDraining && !retryTimer) kick();
  });
}

function retryLater(seconds?: number): void {
  const delay = seconds ? seconds * 1_000 : backoffMs;
  backoffMs = Math.min(backoffMs * 2, 8_000);
  retryTimer = setTimeout(kick, delay);
}

/** Whether an answer is final (the service decided) or worth sending again under the same key. */
function outcomeOf(err: ApiError): 'again' | 'sign-in' | 'refused' {
  if (err.status === 0 || err.status >= 500 || err.status === 408 || err.status === 429) return 'again';
  // The first attempt under this key is still being processed: its answer will come.
  if (err.status === 409 && err.problemType?.endsWith('request-in-progress')) return 'again';
  // The session ended (call() tried a renewed token first): kept until its owner signs in again.
  if (err.status === 401) return 'sign-in';
  return 'refused';
}

async function drain(): Promise<void> {
  await publish({ sending: true });
  try {
    for (;;) {
      const session = currentSession();
      if (!session || session.ended) return;
      const store = await db();
      const next = (await store.getAll('actions')).find((a) => a.state === 'waiting' && isMine(a, session));
      if (!next) {
        backoffMs = 1_000;
        return;
      }
      try {
        const answer = await call(session, 'POST', next.path, next.body, next.key);
        await store.delete('actions', next.id!);
        backoffMs = 1_000;
        await publish();
        for (const l of sentListeners) l(next, answer.body);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        const outcome = outcomeOf(err);
        if (outcome === 'again') {
          retryLater(err.retryAfterSeconds);
          return;
        }
        if (outcome === 'sign-in') return;
        await store.put('actions', { ...next, state: 'refused', refusal: { status: err.status, detail: err.detail } });
        await publish();
        for (const l of sentListeners) l(next, undefined);
      }
    }
  } finally {
    await publish({ sending: false });
  }
}

export function startQueue(): void {
  window.addEventListener('online', kick);
  // Someone signed in (or again): their actions go out.
  onSessionChange((session) => {
    if (session && !session.ended) kick();
  });
  // Another tab's queued actions, and anything a crash left unsent.
  setInterval(() => {
    if (status.items.some((a) => a.state === 'waiting') && !retryTimer) kick();
  }, 10_000);
  void publish().then(kick);
}
