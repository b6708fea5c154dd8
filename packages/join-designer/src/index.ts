export { JoinDesignerPanel } from './JoinDesignerPanel.tsx';
