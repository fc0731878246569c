// The module each thread of the build's pool loads: it validates, renders, or both at once, notices.
export { default as render } from './render/render-worker.js';
export { validateJob as validate, checkAndRenderJob as checkAndRender } from './validate/validate-job.js';
