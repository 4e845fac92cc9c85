export default defineContentScript({
  matches: ['*://arxiv.org/*', '*://www.arxiv.org/*'],
  main() {
    console.log('pith');
  },
});
