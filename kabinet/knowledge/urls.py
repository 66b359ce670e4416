from django.urls import path

from kabinet.knowledge import api

urlpatterns = [
    path("search", api.SearchApi.as_view(), name="search"),
    path("articles", api.ArticleCollectionApi.as_view(), name="articles"),
    path("articles/suggestions", api.ArticleSuggestionsApi.as_view(), name="article-suggestions"),
    path("articles/<id:article_id>", api.ArticleItemApi.as_view(), name="article"),
    path(
        "articles/<id:article_id>/feedback",
        api.ArticleFeedbackApi.as_view(),
        name="article-feedback",
    ),
    path(
        "tickets/<key:number>/article-answers",
        api.TicketArticleAnswerApi.as_view(),
        name="ticket-article-answers",
    ),
    path(
        "tickets/<key:number>/article-drafts",
        api.TicketArticleDraftApi.as_view(),
        name="ticket-article-drafts",
    ),
]
