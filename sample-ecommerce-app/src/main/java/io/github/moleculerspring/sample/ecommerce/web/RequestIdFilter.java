package io.github.moleculerspring.sample.ecommerce.web;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

import io.github.moleculerspring.sample.ecommerce.shop.ConditionalOnShopService;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every API request a Moleculer requestID: the caller's {@code X-Request-ID} header when it is
 * a sensible id, a new UUID otherwise. The id is stored as a request attribute for the controllers,
 * which pass it to {@code broker.call}, and returned in the {@code X-Request-ID} response header
 * (also on errors), so a client can find its request in the logs of every node it crossed.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
@ConditionalOnShopService("gateway")
class RequestIdFilter extends OncePerRequestFilter {

	/** The header read and written. */
	static final String HEADER = "X-Request-ID";

	/** The request attribute holding the id. */
	static final String ATTRIBUTE = "io.github.moleculerspring.sample.ecommerce.requestID";

	private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String incoming = request.getHeader(HEADER);
		String requestID = (incoming != null && VALID.matcher(incoming).matches()) ? incoming
				: UUID.randomUUID().toString();
		request.setAttribute(ATTRIBUTE, requestID);
		response.setHeader(HEADER, requestID);
		chain.doFilter(request, response);
	}

}
