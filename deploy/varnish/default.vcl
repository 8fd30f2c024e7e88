# Varnish in front of Urgent Actions (docs/operations.md, "Behind a caching reverse proxy").
#
# It keeps what the site marks public for everyone (Cache-Control: s-maxage, pages/cache.py) for
# visitors who carry nothing of their own, passes everything else through unchanged (logged-in
# members, forms with a CSRF token, messages, the admin, the API, posts), keeps static files as
# long as their headers say, and takes purges from the application only. The application purges
# a page's address when Wagtail publishes it, and the site's root "/" when anything public pages
# show has changed: a purge drops every kept response whose address begins with the one given.
#
# Terminate TLS in front of Varnish (nginx, hitch, a load balancer) and let it set
# X-Forwarded-Proto; name Varnish's address in the application's TRUSTED_PROXIES.

vcl 4.1;

backend site {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
}

# Who may purge: the application's hosts (Wagtail's FRONTEND_CACHE_URL points here).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Purging is for the application only."));
        }
        ban("obj.http.x-url ~ ^" + req.url);
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization) {
        set req.http.x-cache = "pass";
        return (pass);
    }
    # A login, a CSRF token, messages waiting to be shown, a dismissed site message: the visitor's own.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken|messages|ua_dismissed_message)=") {
        set req.http.x-cache = "pass";
        return (pass);
    }
    # Any other cookie changes nothing the site shows.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_hash {
    hash_data(req.http.X-Forwarded-Proto);  # never an http answer (a redirect) for https, or back
}

sub vcl_backend_response {
    # Kept with each object, for the purges' bans (checked in the background, not per request).
    set beresp.http.x-url = bereq.url;
    if (bereq.url ~ "^/static/") {
        return (deliver);  # WhiteNoise's headers: a year for files with a hash in their name
    }
    if (beresp.http.Cache-Control !~ "s-maxage") {
        # Only what the site made public for everyone is kept; the rest goes through as it is.
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    if (beresp.http.Content-Type ~ "^(text/|application/(json|xml|rss|atom))") {
        set beresp.do_gzip = true;
    }
    if (beresp.ttl <= 0s) {
        set beresp.ttl = 1s;  # the site answered with a page at the end of its time (Age): keep it briefly
    }
    set beresp.grace = 10s;  # a page just expired is served a little longer while it is fetched anew
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.x-url;
    if (req.http.x-cache == "pass") {
        set resp.http.X-Cache = "pass";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
