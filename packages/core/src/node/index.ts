export { DaskComm, daskCall } from './DaskComm.ts';
