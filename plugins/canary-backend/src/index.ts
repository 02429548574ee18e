export { canaryPlugin as default } from './plugin';
