import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JSDOM } from 'jsdom';
import { act } from 'react';

const dom = new JSDOM('<!doctype html><div id="root"></div>', { pretendToBeVisual: true });
Object.assign(globalThis, { window: dom.window, document: dom.window.document, navigator: dom.window.navigator, IS_REACT_ACT_ENVIRONMENT: true });
const { createRoot } = await import('react-dom/client');
const { PanelErrorBoundary } = await import('./PanelErrorBoundary.tsx');

let broken = true;
function Flaky(): JSX.Element {
  if (broken) throw new Error('column "Muon_pt" has no type');
  return <p>drawn</p>;
}

test('a panel that throws while rendering shows the error and a way back, and Try again renders it afresh', async () => {
  const root = document.getElementById('root')!;
  const quiet = console.error;
  console.error = () => {};
  const reactRoot = createRoot(root);
  try {
    await act(async () => {
      reactRoot.render(
        <PanelErrorBoundary>
          <Flaky />
        </PanelErrorBoundary>,
      );
    });
  } finally {
    console.error = quiet;
  }
  const alert = root.querySelector('[role="alert"]');
  assert.ok(alert, 'an alert replaces the panel');
  assert.match(alert.textContent ?? '', /stopped because of a bug: column "Muon_pt" has no type/);
  broken = false;
  await act(async () => {
    (root.querySelector('button') as HTMLButtonElement).dispatchEvent(new dom.window.MouseEvent('click', { bubbles: true }));
  });
  assert.equal(root.textContent, 'drawn');
  await act(async () => reactRoot.unmount());
  assert.equal(root.childElementCount, 0);
});
