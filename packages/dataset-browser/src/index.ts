export { DatasetsPanel } from './DatasetsPanel.tsx';
