export { JoinDesignerPanel } from './JoinDesignerPanel.tsx';
export * from './model/index.ts';
