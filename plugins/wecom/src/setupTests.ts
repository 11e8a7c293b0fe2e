import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// UI tests type into whole forms; with the replicas suite running beside
// them on a 2-core CI machine they take several times longer than alone.
// (`testTimeout` in package.json is not applied under `backstage-cli repo test`.)
jest.setTimeout(30_000);
// Likewise findBy…/waitFor: wait up to 5 s for what a slow machine renders late.
configure({ asyncUtilTimeout: 5_000 });
