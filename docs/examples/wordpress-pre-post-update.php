<?php
/*
 * WordPress: check a post with attrcheck serve before it is updated or
 * published, and stop the save when the check fails. Put it in a small
 * plugin or in the theme's functions.php. The service runs on the same host
 * (docs/serve.md); with --token-file set ATTRCHECK_TOKEN in wp-config.php.
 */
add_action('pre_post_update', function ($post_id, $data) {
    if (($data['post_status'] ?? '') !== 'publish') {
        return;                                   /* drafts are saved unchecked */
    }
    $url = 'http://127.0.0.1:8080/v1/check?url=' . rawurlencode(get_permalink($post_id));
    $headers = ['Content-Type' => 'text/html; charset=utf-8'];
    if (defined('ATTRCHECK_TOKEN')) {
        $headers['Authorization'] = 'Bearer ' . ATTRCHECK_TOKEN;
    }
    $html = '<!doctype html><html><head><title>' . esc_html($data['post_title'])
          . '</title></head><body><article>' . $data['post_content'] . '</article></body></html>';
    $response = wp_remote_post($url, ['headers' => $headers, 'body' => $html, 'timeout' => 5]);
    if (is_wp_error($response)) {
        return;                                   /* the service is down: do not block editors */
    }
    $result = json_decode(wp_remote_retrieve_body($response), true);
    if (($result['verdict'] ?? 'pass') === 'fail') {
        $lines = array_map(fn($f) => $f['rule'] . ': ' . $f['message'],
                           $result['page']['findings'] ?? []);
        wp_die(esc_html("Attribution check failed:\n" . implode("\n", $lines)),
               'attrcheck', ['back_link' => true]);
    }
}, 10, 2);
