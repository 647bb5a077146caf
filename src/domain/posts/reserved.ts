// Pages live at /{slug}; these first path segments belong to other routes.
export const RESERVED_PAGE_SLUGS = new Set([
  'api', 'admin', 'articles', 'assets', 'author', 'authors', 'category', 'comments', 'feed', 'feeds',
  'healthz', 'media', 'page', 'rss', 'search', 'sitemap', 'tag', 'tags', 'login', 'logout', 'signup',
]);
