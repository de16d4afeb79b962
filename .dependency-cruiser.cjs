/** Architecture rules checked in CI (`npm run cycles`); see STYLE.md "Layout". */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Type-only imports vanish at run time: two entities naming each other for a relation are no cycle.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'common-is-cross-cutting',
      comment: 'common/ is shared machinery: it must not reach into feature modules.',
      severity: 'error',
      from: { path: '^src/common/' },
      to: { path: '^src/(?!common/)' , pathNot: '^src/config/app-config\\.ts$' },
    },
    { name: 'src-not-to-test', severity: 'error', from: { path: '^src/' }, to: { path: '^test/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // test/support/barrier-server.js loads the built app from dist/; the source is what is checked.
    exclude: { path: '^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
