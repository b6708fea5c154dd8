import { createContext, useContext, type ReactNode } from 'react';
import type { Facility, HostApi } from '@afkit/core';

/** What every panel gets from its host: the facility to talk to, and the host's small API. */
export interface PanelContextValue {
  readonly facility: Facility;
  readonly host: HostApi;
}

const Context = createContext<PanelContextValue | null>(null);

/** Provides the facility and host to the panels below it. */
export function PanelContextProvider(props: { value: PanelContextValue; children: ReactNode }): JSX.Element {
  return <Context.Provider value={props.value}>{props.children}</Context.Provider>;
}

/** The facility and host of the enclosing panel. */
export function usePanelContext(): PanelContextValue {
  const value = useContext(Context);
  if (!value) throw new Error('afkit panels must be mounted with mountPanel()');
  return value;
}
