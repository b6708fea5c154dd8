// Starts JupyterLab with the bundled core plugins (plugins.js, generated from @jupyterlab/core-meta by
// build.mjs) and the prebuilt extensions listed in the page config. A prebuilt extension that ships a
// package of the same name replaces the bundled one, as in JupyterLab's own application.
import { PageConfig } from '@jupyterlab/coreutils';
import { PluginRegistry } from '@lumino/coreutils';
import { extensions, mimeExtensions } from './plugins.js';
import './style.js';

async function federatedModule(scope, module) {
  const factory = await window._JUPYTERLAB[scope].get(module);
  const instance = factory();
  instance.__scope__ = scope;
  return instance;
}

async function settledValues(promises) {
  const values = [];
  for (const result of await Promise.allSettled(promises)) {
    if (result.status === 'fulfilled') values.push(result.value);
    else console.error(result.reason);
  }
  return values;
}

/** Starts the application once the page has loaded. */
export async function main() {
  const federated = JSON.parse(PageConfig.getOption('federated_extensions') || '[]');
  const federatedNames = new Set();
  const federatedPlugins = [];
  const federatedMimePlugins = [];
  const federatedStyles = [];
  for (const data of federated) {
    if (data.extension) {
      federatedNames.add(data.name);
      federatedPlugins.push(federatedModule(data.name, data.extension));
    }
    if (data.mimeExtension) {
      federatedNames.add(data.name);
      federatedMimePlugins.push(federatedModule(data.name, data.mimeExtension));
    }
    if (data.style && !PageConfig.Extension.isDisabled(data.name)) federatedStyles.push(federatedModule(data.name, data.style));
  }

  const disabled = [];
  const deferred = [];
  const availablePlugins = [];
  function activePlugins(module, scope) {
    const exported = Object.prototype.hasOwnProperty.call(module, '__esModule') || 'default' in module ? module.default : module;
    const active = [];
    for (const plugin of Array.isArray(exported) ? exported : [exported]) {
      const isDisabled = PageConfig.Extension.isDisabled(plugin.id);
      availablePlugins.push({
        id: plugin.id,
        description: plugin.description,
        requires: plugin.requires ?? [],
        optional: plugin.optional ?? [],
        provides: plugin.provides ?? null,
        autoStart: plugin.autoStart,
        enabled: !isDisabled,
        extension: scope
      });
      if (isDisabled) {
        disabled.push(plugin.id);
        continue;
      }
      if (PageConfig.Extension.isDeferred(plugin.id)) deferred.push(plugin.id);
      active.push(plugin);
    }
    return active;
  }
  async function bundled(list) {
    const plugins = [];
    for (const [name, load] of list) {
      if (federatedNames.has(name)) continue;
      try {
        plugins.push(...activePlugins(await load(), name));
      } catch (error) {
        console.error(error);
      }
    }
    return plugins;
  }

  const mimePlugins = [...(await bundled(mimeExtensions))];
  for (const module of await settledValues(federatedMimePlugins)) mimePlugins.push(...activePlugins(module, module.__scope__));
  const plugins = [...(await bundled(extensions))];
  for (const module of await settledValues(federatedPlugins)) plugins.push(...activePlugins(module, module.__scope__));
  await settledValues(federatedStyles);

  const pluginRegistry = new PluginRegistry();
  pluginRegistry.registerPlugins(plugins);
  const { JupyterLab } = await import('@jupyterlab/application');
  const { IConnectionStatus, IServiceManager } = await import('@jupyterlab/services');
  const lab = new JupyterLab({
    pluginRegistry,
    serviceManager: await pluginRegistry.resolveOptionalService(IServiceManager),
    connectionStatus: await pluginRegistry.resolveOptionalService(IConnectionStatus),
    mimeExtensions: mimePlugins,
    disabled: { matches: disabled, patterns: PageConfig.Extension.disabled.map(pattern => pattern.raw) },
    deferred: { matches: deferred, patterns: PageConfig.Extension.deferred.map(pattern => pattern.raw) },
    availablePlugins
  });
  await lab.start({ ignorePlugins: deferred, bubblingKeydown: true });
  if (PageConfig.getOption('exposeAppInBrowser').toLowerCase() === 'true') window.jupyterapp = lab;
}
