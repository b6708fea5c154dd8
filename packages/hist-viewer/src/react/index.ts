export { HistogramsPanel } from './HistogramsPanel.tsx';
