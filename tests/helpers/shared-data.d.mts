export declare const ROOT: string;
export declare const SHARED: string;
export declare function arxivFixturesDir(): string;
export declare function arxivFixturePath(name: string): string;
export declare function readArxivFixture(name: string): string;
export declare function listArxivFixtures(): string[];
export declare function datasetDir(name: string): string;
