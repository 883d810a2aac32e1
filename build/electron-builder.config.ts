/**
 * What `npx electron-builder --config build/electron-builder.config.ts` loads: the configuration of
 * build/builder-config.ts for this environment (a wrong signing or update variable throws, listing them).
 */
import { builderConfig } from './builder-config';

export default builderConfig();
