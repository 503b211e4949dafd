export declare const SYSTEM_PATHS: string[];
export declare const WHAT_TO_INSTALL: string;
export declare function findChromium(options?: {
  env?: Record<string, string | undefined>;
  exists?: (path: string) => boolean;
  run?: (command: string, args: string[]) => boolean;
  cache?: () => Promise<string | undefined>;
  isRoot?: boolean;
}): Promise<
  | { path: string; how: string; error?: undefined }
  | { error: string; path?: undefined; how?: undefined }
>;
