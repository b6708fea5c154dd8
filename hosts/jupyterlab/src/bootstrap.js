// Entry of the JupyterLab bundle. Prebuilt (federated) extensions must join the shared-module scope
// before any module that uses a shared package runs, so this file loads their remote entries first and
// only then imports the application (main.js), mirroring JupyterLab's own bootstrap.

function pageOption(name) {
  const element = document.getElementById('jupyter-config-data');
  const config = element ? JSON.parse(element.textContent || '{}') : {};
  return config[name] || '';
}

// Chunks live under the server's static URL, known only at run time.
// eslint-disable-next-line no-undef
__webpack_public_path__ = pageOption('fullStaticUrl') + '/';

function loadScript(url) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.onerror = reject;
    script.onload = resolve;
    script.async = true;
    document.head.appendChild(script);
    script.src = url;
  });
}

async function joinSharedScope(url, scope) {
  await loadScript(url);
  // eslint-disable-next-line no-undef
  await __webpack_init_sharing__('default');
  // eslint-disable-next-line no-undef
  await window._JUPYTERLAB[scope].init(__webpack_share_scopes__.default);
}

void (async () => {
  const base = pageOption('fullLabextensionsUrl');
  const results = await Promise.allSettled(
    (pageOption('federated_extensions') || []).map(data => joinSharedScope(`${base}/${data.name}/${data.load}`, data.name))
  );
  for (const result of results) if (result.status === 'rejected') console.error(result.reason);
  const { main } = await import('./main.js');
  if (document.readyState === 'complete') void main();
  else window.addEventListener('load', () => void main());
})();
