export declare const executablePath: string | undefined;
export declare const chromiumArgs: string[];
