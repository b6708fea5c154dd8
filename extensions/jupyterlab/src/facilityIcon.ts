import { LabIcon } from '@jupyterlab/ui-components';

const svgstr = `<svg xmlns="http://www.w3.org/2000/svg" width="16" viewBox="0 0 24 24">
  <g class="jp-icon3" fill="#616161">
    <path d="M4 4h16v4H4zM4 10h16v4H4zM4 16h16v4H4z" opacity="0.35"/>
    <circle cx="7" cy="6" r="1.3"/><circle cx="7" cy="12" r="1.3"/><circle cx="7" cy="18" r="1.3"/>
    <path d="M10 5.3h8v1.4h-8zM10 11.3h8v1.4h-8zM10 17.3h8v1.4h-8z"/>
  </g>
</svg>`;

/** The icon of the Analysis Facility sidebar and of afkit's main-area widgets. */
export const facilityIcon = new LabIcon({ name: 'afkit:facility', svgstr });
