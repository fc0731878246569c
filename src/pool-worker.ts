// The module each thread of the build's pool loads: one thread validates, then renders, notices.
export { default as render } from './render/render-worker.js';
export { validateJob as validate } from './validate/validate-job.js';
