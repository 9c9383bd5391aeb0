"""Files and directories -> RawArticle records on articles.raw (``samachar produce``)."""
