// The module each thread of the build's pool loads: it validates, renders, or both at once, notices.
export { default as render } from './render/render-worker.js';
export { validateJob as validate } from './validate/validate-job.js';
export { checkAndRenderJob as checkAndRender } from './check-and-render.js';
