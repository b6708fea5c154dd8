export { mountPanel } from './mountPanel.tsx';
export { PanelContextProvider, usePanelContext } from './PanelContext.tsx';
export type { PanelContextValue } from './PanelContext.tsx';
export { useSubscription } from './useSubscription.ts';
export { useFacilityInfo } from './useFacilityInfo.ts';
export { PanelFrame } from './PanelFrame.tsx';
export type { PanelFrameProps } from './PanelFrame.tsx';
