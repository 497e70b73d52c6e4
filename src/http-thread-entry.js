// Worker-thread entry: loader hooks are per thread, so register tsx here before loading the
// TypeScript composition root of the HTTP thread.
import { register } from 'tsx/esm/api';

register();
await import('./http-thread.ts');
