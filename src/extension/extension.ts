// Activation that costs nothing: register every contributed command and the alert-link handler as small
// forwarders, return the API, and load the extension itself (main.js: the core, the index, the views) right after.
// A command or link that arrives in between waits for it. main.js is a bundle of its own, so none of its code is
// even compiled while VS Code waits for activate() to return.
import type MarkdownIt from 'markdown-it';
import * as vscode from 'vscode';
import { Commands } from './constants';
import type { Handlers, RunbooksApi } from './main';

export type { RunbooksApi } from './main';

export function activate(context: vscode.ExtensionContext): RunbooksApi {
  const tEntry = performance.now();
  const t0 = (globalThis as { __runbooksLoadStart?: number }).__runbooksLoadStart ?? tEntry;
  const handlers: Handlers = new Map();
  let main: RunbooksApi | undefined;
  let startMs = 0;
  const load = (): RunbooksApi => {
    if (!main) {
      const t = performance.now();
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a separate bundle, loaded on purpose after activation
      const { start } = require('./main.js') as typeof import('./main');
      main = start(context, handlers);
      startMs = performance.now() - t;
    }
    return main;
  };
  const loaded = new Promise<RunbooksApi>((resolve, reject) => setTimeout(() => {
    try {
      resolve(load());
    } catch (e) {
      reject(e);
    }
  }, 0));
  loaded.catch((e: unknown) => void vscode.window.showErrorMessage(`Incident Runbooks failed to start: ${(e as Error).message}`));

  for (const id of Object.values(Commands)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      await loaded;
      const handler = handlers.get(id);
      return handler?.(...(args as never[]));
    }));
  }
  context.subscriptions.push(vscode.window.registerUriHandler({ handleUri: async (uri) => (await loaded).uriHandler.handleUri(uri) }));

  const activationMs = performance.now() - t0;
  return {
    ready: async () => (await loaded).ready(),
    get index() {
      return load().index;
    },
    get tree() {
      return load().tree;
    },
    get alerts() {
      return load().alerts;
    },
    get uriHandler() {
      return load().uriHandler;
    },
    get sessions() {
      return load().sessions;
    },
    get timeline() {
      return load().timeline;
    },
    get stepLenses() {
      return load().stepLenses;
    },
    get targetGuard() {
      return load().targetGuard;
    },
    get targetStatus() {
      return load().targetStatus;
    },
    get firstStep() {
      return load().firstStep;
    },
    get terminals() {
      return load().terminals;
    },
    get startMs() {
      load();
      return startMs;
    },
    loadMs: tEntry - t0,
    activationMs,
    // The markdown preview asks for this synchronously; it loads the extension if it is not yet.
    extendMarkdownIt: (md: MarkdownIt) => load().extendMarkdownIt(md),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
